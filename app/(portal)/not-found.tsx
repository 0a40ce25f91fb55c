import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="card empty" data-testid="not-found">
      <h1>Not found</h1>
      <p>This page does not exist, or it is not in one of your organizations.</p>
      <div className="row" style={{ justifyContent: 'center' }}>
        <Link href="/" className="btn btn-primary">
          Back to the overview
        </Link>
        <Link href="/orgs" className="btn">
          Your organizations
        </Link>
      </div>
    </div>
  );
}
