import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentStaff } from "@/lib/auth/guard";
import { ROLE_HOME } from "@/lib/auth/roles";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const staff = await currentStaff();
  if (staff) redirect(ROLE_HOME[staff.role]);
  const { callbackUrl } = await searchParams;
  // Only same-site paths: never send someone to another origin after sign-in.
  const next = callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <>
      <header className="bg-nhs-blue text-white">
        <div className="mx-auto max-w-5xl px-4 py-4">
          <p className="text-xl font-bold">ED arrivals and capacity</p>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-8">
        <h1>Sign in</h1>
        <p className="mb-6 max-w-xl">Use your ED staff account. This system holds patient information: do not share your password or leave a session signed in on a shared computer.</p>
        <LoginForm next={next} />
      </main>
    </>
  );
}
