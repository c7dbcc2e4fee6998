"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { currentNavHref } from "@/lib/auth/current-nav";

/** The staff navigation, with the current page marked for everyone (underline, bar) and for screen readers (aria-current). */
export function MainNav({ items }: { items: { href: string; label: string }[] }) {
  const current = currentNavHref(usePathname() ?? "/", items.map((i) => i.href));
  return (
    <nav aria-label="Main" className="border-t border-white/30 bg-nhs-blue">
      <ul className="mx-auto flex max-w-7xl flex-wrap gap-6 px-4 py-2">
        {items.map((i) => {
          const here = i.href === current;
          return (
            <li key={i.href} className={here ? "border-b-4 border-white" : "border-b-4 border-transparent"}>
              <Link href={i.href} aria-current={here ? "page" : undefined} className={here ? "font-bold text-white no-underline" : "font-bold text-white"}>
                {i.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
