import { notFound } from 'next/navigation';

/** Any address the portal does not know: a real 404, inside the portal's frame (navigation, sign-out), not a bare page. */
export default function MissingPage(): never {
  notFound();
}
