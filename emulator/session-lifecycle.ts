import type { SessionTimeline } from './options';
import type { Message, Run, RunOutcome, Session } from './state';

/*
 * A session's status is a function of its runs and the clock: no timers, so a
 * test that moves `now` sees exactly what a client polling in real time would.
 */

export type SessionStatus = 'new' | 'claimed' | 'running' | 'exit' | 'error' | 'suspended' | 'resuming';

export interface StatusView {
  status: SessionStatus;
  detail: string | null;
}

const OUTCOME_VIEW: Record<RunOutcome, StatusView> = {
  exit: { status: 'exit', detail: 'finished' },
  suspended: { status: 'suspended', detail: 'inactivity' },
  error: { status: 'error', detail: null },
};

export function statusAt(session: Session, nowMs: number): StatusView {
  if (session.terminatedMs !== null && nowMs >= session.terminatedMs) return { status: 'exit', detail: null };
  const run = session.runs.findLast((r) => r.startMs <= nowMs);
  if (!run) return { status: 'new', detail: null };
  if (run.stop && nowMs >= run.stop.atMs) {
    return run.stop.reason === 'sleep' ? { status: 'suspended', detail: 'user_request' } : { status: 'exit', detail: null };
  }
  if (nowMs < run.claimedMs) return { status: run.resumed ? 'resuming' : 'new', detail: null };
  if (nowMs < run.runningMs) return { status: run.resumed ? 'resuming' : 'claimed', detail: null };
  if (nowMs < run.endMs) return { status: 'running', detail: 'working' };
  return OUTCOME_VIEW[run.outcome];
}

/** Devin is working or about to: what archive puts to sleep and a message merely joins. */
export function isLive(status: SessionStatus): boolean {
  return status === 'new' || status === 'claimed' || status === 'running' || status === 'resuming';
}

/** Ended for good: nothing but archive may change it any more. */
export function isFinal(status: SessionStatus): boolean {
  return status === 'exit' || status === 'error';
}

/**
 * ACUs consumed by `nowMs`, per run, with the instant each run started working
 * (the day its usage is billed to). Usage grows linearly while running and
 * stops at the session's cap.
 */
export function acuUsage(session: Session, nowMs: number): { atMs: number; acus: number }[] {
  let total = 0;
  const out: { atMs: number; acus: number }[] = [];
  for (const run of session.runs) {
    if (run.startMs > nowMs) continue;
    const until = Math.min(nowMs, run.endMs, run.stop?.atMs ?? Infinity);
    const progress = Math.min(1, Math.max(0, (until - run.runningMs) / (run.endMs - run.runningMs)));
    let acus = run.acus * progress;
    if (session.acuCap !== null) acus = Math.max(0, Math.min(acus, session.acuCap - total));
    total += acus;
    out.push({ atMs: run.runningMs, acus });
  }
  return out;
}

export function acusConsumed(session: Session, nowMs: number): number {
  return acuUsage(session, nowMs).reduce((sum, u) => sum + u.acus, 0);
}

/** `updated_at`: the latest thing that visibly happened to the session by `nowMs`. */
export function lastActivityMs(session: Session, nowMs: number): number {
  const instants = [session.createdMs, session.touchedMs, session.terminatedMs ?? 0];
  for (const run of session.runs) {
    const cutoff = Math.min(nowMs, run.stop?.atMs ?? Infinity);
    instants.push(...[run.startMs, run.claimedMs, run.runningMs, run.endMs].filter((t) => t <= cutoff));
    if (run.stop) instants.push(run.stop.atMs);
  }
  for (const m of session.messages) instants.push(m.atMs);
  // Creation counts even if a test clock was moved back before it.
  return Math.max(session.createdMs, ...instants.filter((t) => t <= nowMs));
}

/** Messages in chronological order, Devin's scheduled replies only once they are due. */
export function visibleMessages(session: Session, nowMs: number): Message[] {
  return session.messages
    .filter((m) => m.atMs <= nowMs)
    .sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Prompt hooks for demos and tests: `#error` fails the run, `#suspend` lets it go idle instead of finishing. */
export function outcomeOf(text: string): RunOutcome {
  if (text.includes('#error')) return 'error';
  if (text.includes('#suspend')) return 'suspended';
  return 'exit';
}

/** A run on the configured timeline; a resume skips the queue (resuming, then running). */
export function planRun(startMs: number, timeline: SessionTimeline, opts: { resumed: boolean; outcome: RunOutcome; acus: number }): Run {
  const workMs = timeline.exitAfterMs - timeline.runningAfterMs;
  const claimedMs = startMs + timeline.claimedAfterMs;
  const runningMs = opts.resumed ? claimedMs : startMs + timeline.runningAfterMs;
  return { startMs, claimedMs, runningMs, endMs: runningMs + workMs, ...opts };
}

/** Adds a run and the replies Devin will post as it progresses. */
export function scheduleRun(session: Session, run: Run, newMessageId: () => string): void {
  session.runs.push(run);
  const opening = run.resumed
    ? 'Picking this back up with your message in mind.'
    : `On it: ${session.title}. Reading the codebase and making a plan.`;
  const closing: Record<RunOutcome, string> = {
    exit: "Done. I've finished this task; let me know if you would like any changes.",
    suspended: 'Going to sleep after a period of inactivity. Send me a message to wake me up.',
    error: 'I ran into an unrecoverable error and had to stop.',
  };
  session.messages.push(
    { id: newMessageId(), atMs: run.runningMs, source: 'devin', text: opening },
    { id: newMessageId(), atMs: run.endMs, source: 'devin', text: closing[run.outcome] },
  );
}

/** Cuts the current run short; replies Devin would have posted later are dropped. */
export function stopRun(session: Session, atMs: number, reason: 'terminate' | 'sleep'): void {
  const run = session.runs.at(-1);
  if (run && !run.stop && atMs < run.endMs) run.stop = { atMs, reason };
  session.messages = session.messages.filter((m) => m.source === 'user' || m.atMs <= atMs);
}
