import Link from "next/link";

/** Shown with HTTP 403 when a signed-in person opens a page their role does not allow. */
export default function Forbidden() {
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-8">
      <h1>You do not have access to this page</h1>
      <p className="mb-4">Your role does not include this part of the system. If you need it for your work, ask an administrator.</p>
      <p>
        <Link href="/">Go to your start page</Link>
      </p>
    </main>
  );
}
