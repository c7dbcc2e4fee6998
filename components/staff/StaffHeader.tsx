import Link from "next/link";
import { NAV, ROLE_LABEL, type Role } from "@/lib/auth/roles";
import { MainNav } from "./MainNav";
import { SignOutButton } from "./SignOutButton";

export function StaffHeader({ name, role, passwordAccount = true }: { name: string; role: Role; passwordAccount?: boolean }) {
  const items = NAV.filter((n) => n.roles.includes(role));
  return (
    <header data-staff-chrome className="bg-nhs-blue text-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-2 px-4 py-3">
        <Link href="/" className="text-xl font-bold text-white no-underline">
          ED arrivals and capacity
        </Link>
        <div className="flex items-center gap-4">
          <span>
            {name} <span className="text-sm opacity-90">({ROLE_LABEL[role]})</span>
          </span>
          {passwordAccount && (
            <Link href="/account/password" className="text-white">
              Change password
            </Link>
          )}
          <SignOutButton />
        </div>
      </div>
      <MainNav items={items.map(({ href, label }) => ({ href, label }))} />
    </header>
  );
}
