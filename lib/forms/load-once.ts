/**
 * A dynamic import started at most once (and again after a failure), for code a page needs only once someone acts:
 * a form's validation rules load when the form is first focused or submitted, not with the page.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    }));
}
