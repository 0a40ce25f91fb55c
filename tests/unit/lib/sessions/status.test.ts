import { describe, expect, it } from 'vitest';
import { describeStatus, STATUS_FILTERS } from '@/lib/sessions/status';

describe('describeStatus', () => {
  it('calls an exit Finished only when Devin says the work finished', () => {
    expect(describeStatus('exit', 'finished')).toEqual({ label: 'Finished', detail: null, tone: 'success' });
    expect(describeStatus('exit', null)).toEqual({ label: 'Terminated', detail: null, tone: 'neutral' });
  });

  it('words every documented status, never the raw API value', () => {
    const labels = ['new', 'claimed', 'running', 'resuming', 'suspended', 'error'].map((s) => describeStatus(s, null).label);
    expect(labels).toEqual(['Queued', 'Starting', 'Running', 'Resuming', 'Suspended', 'Failed']);
  });

  it('adds the detail in words and flags waiting and idle sessions', () => {
    expect(describeStatus('running', 'waiting_for_user')).toEqual({ label: 'Running', detail: 'waiting for you', tone: 'warning' });
    expect(describeStatus('suspended', 'inactivity')).toEqual({ label: 'Suspended', detail: 'idle', tone: 'warning' });
    expect(describeStatus('error', null).tone).toBe('danger');
  });

  it('shows a status Devin adds later readably', () => {
    expect(describeStatus('paused_for_review', null).label).toBe('Paused for review');
  });

  it('labels the ended filter for both kinds of exit', () => {
    expect(STATUS_FILTERS.exit.label).toBe('Finished or terminated');
  });
});
