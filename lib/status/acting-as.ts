import 'server-only';
import { getDevinClient } from '@/lib/upstream';
import type { Self } from '@/lib/upstream/types';

/** Who the portal acts as in Devin (its service user), for signed-in pages; the token itself never leaves the server. */
export function loadActingAs(): Promise<Self> {
  return getDevinClient().self.get();
}
