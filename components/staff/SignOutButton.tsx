"use client";

import { signOut } from "next-auth/react";

/** Where sign-out lands: the sign-in page of the origin the person is on (never NEXTAUTH_URL's), saying so. */
export const SIGNED_OUT_PATH = "/login?reason=signed-out";

export function SignOutButton() {
  async function signOutHere() {
    // next-auth would send the browser to its own base URL (NEXTAUTH_URL), another origin when staff reach the
    // system by another name (127.0.0.1 for localhost): end the session without its redirect, then load our
    // sign-in page by path, on this origin. A full page load: nothing from the patient screens stays in memory.
    await signOut({ redirect: false }).catch(() => undefined);
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full page load is meant (above)
    window.location.assign(SIGNED_OUT_PATH);
  }
  return (
    <button type="button" onClick={() => void signOutHere()} className="font-bold text-white underline">
      Sign out
    </button>
  );
}
