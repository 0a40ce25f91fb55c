import { z } from 'zod';
import { withPortalRoute } from '@/lib/api/route';
import { revokeSignIns } from '@/lib/auth/sign-in-sessions';
import { recordEvent } from '@/lib/trail';

const bodySchema = z.union([
  z.object({ sub: z.string().trim().min(1, { error: 'must not be empty' }).max(255) }).strict(),
  z.object({ email: z.email({ error: 'must be an email address' }).transform((e) => e.toLowerCase()) }).strict(),
], { error: 'Give either sub (the IdP subject) or email' });

// POST /api/admin/sign-ins/revoke – end every sign-in of one person at once (portal admins); recorded in the trail
export const POST = withPortalRoute({ route: 'POST /api/admin/sign-ins/revoke', body: bodySchema }, async ({ user, body, requestId }) => {
  const revoked = await revokeSignIns(body, 'admin');
  await recordEvent({
    actorSub: user.id,
    actorEmail: user.email,
    actorName: user.name,
    action: 'sign-in.revoke',
    orgId: null,
    targetIds: 'sub' in body ? { sub: body.sub } : { email: body.email },
    input: { ...body, revoked },
    outcome: 'ok',
    errorCode: null,
    requestId,
    upstreamRequestId: null,
  });
  return Response.json({ revoked });
});
