import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionOptions, DEVIN_AUDIT_ACTIONS, filterActions, readableAction } from '@/lib/audit/actions';
import { PORTAL_TRAIL_ACTIONS } from '@/lib/audit/schemas';

describe('audit actions people pick from', () => {
  it('lists exactly the actions Devin documents', () => {
    // The vendored fragment of Devin's published OpenAPI, not something the portal wrote.
    const spec = JSON.parse(readFileSync('contract/devin-v3/routes/GET.v3.enterprise.audit-logs.json', 'utf8')) as {
      components: { schemas: { AuditLogAction: { enum: string[] } } };
    };
    expect([...DEVIN_AUDIT_ACTIONS]).toEqual(spec.components.schemas.AuditLogAction.enum);
  });

  it('names them in words', () => {
    expect(readableAction('create_org')).toBe('Create organization');
    expect(readableAction('rotate_service_user_api_key')).toBe('Rotate service user API key');
    expect(readableAction('revoke_pat')).toBe('Revoke personal access token');
    expect(readableAction('mcp_server_oauth_initiate')).toBe('MCP server OAuth initiate');
    expect(readableAction('service-user.key.rotate')).toBe('Service user key rotate');
    expect(new Set(actionOptions(DEVIN_AUDIT_ACTIONS).map((o) => o.label)).size).toBe(DEVIN_AUDIT_ACTIONS.length);
  });

  it('finds an action by any of its words, by readable name or raw value', () => {
    const options = actionOptions(DEVIN_AUDIT_ACTIONS);
    const values = (typed: string) => filterActions(options, typed).map((o) => o.value);
    expect(values('rotate key')).toEqual(['rotate_service_user_api_key']);
    expect(values('rotate_service')).toEqual(['rotate_service_user_api_key']);
    expect(values('Create organization')).toEqual(['create_org', 'create_org_api_key']);
    expect(values('  ')).toHaveLength(DEVIN_AUDIT_ACTIONS.length);
    expect(values('no such thing')).toEqual([]);
    expect(filterActions(actionOptions(PORTAL_TRAIL_ACTIONS), 'approve').map((o) => o.value)).toEqual(['org.request.approve']);
  });
});
