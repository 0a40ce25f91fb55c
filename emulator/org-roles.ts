import { z } from 'zod';
import type { ApiContext } from './context';
import { invalidField } from './http';
import type { Role, RoleAssignment } from './state';
import { parseBody } from './validation';

const roleBody = z.object({ role_id: z.string().min(1) });

/** The org-level role a `{role_id}` body names (users' and service users' org-role routes): 422 for anything else. */
export function orgRoleFromBody(ctx: ApiContext): Role {
  const { role_id } = parseBody(ctx.rawBody, roleBody);
  const role = ctx.state.roles.get(role_id);
  if (!role) throw invalidField(['body', 'role_id'], `Unknown role ${role_id}`);
  if (role.type !== 'org') throw invalidField(['body', 'role_id'], `${role.name} is an enterprise role; an org role is needed here`);
  return role;
}

/** Gives `roleId` in `orgId`, replacing the role held there; answers the one replaced (null: newly added). */
export function setOrgRole(assignments: RoleAssignment[], orgId: string, roleId: string): string | null {
  const existing = assignments.find((a) => a.orgId === orgId);
  if (!existing) {
    assignments.push({ roleId, orgId });
    return null;
  }
  const previous = existing.roleId;
  existing.roleId = roleId;
  return previous;
}
