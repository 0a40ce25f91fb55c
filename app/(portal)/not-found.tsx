import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="card empty">
      <h1>Not found</h1>
      <p>It does not exist, or it is not in one of your organizations.</p>
      <Link href="/" className="btn">
        Back to the overview
      </Link>
    </div>
  );
}
