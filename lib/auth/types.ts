import type { PortalRole } from '@/lib/policy/roles';

/** What the portal knows about a signed-in person; exactly what the session cookie carries. */
export interface PortalUser {
  /** The IdP subject. */
  id: string;
  email: string;
  name: string;
  role: PortalRole;
}
