import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-8">
      <h1>Page not found</h1>
      <p className="mb-4">If you typed the web address, check it is correct. If you followed a link, the record may have been removed.</p>
      <p>
        <Link href="/">Go to your start page</Link>
      </p>
    </main>
  );
}
