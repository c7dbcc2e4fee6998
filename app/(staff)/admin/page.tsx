import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/guard";
import { listStaff } from "@/lib/staff/list-staff";
import { ROLE_LABEL, isRole } from "@/lib/auth/roles";
import { formatLondonDateTime } from "@/lib/time/london";
import { CreateStaffForm, StaffRowActions } from "@/components/admin/StaffForms";

export const metadata: Metadata = { title: "Staff accounts" };
export const dynamic = "force-dynamic";

export default async function AdminPage() {
  const me = await requirePageRole(["admin"]);
  const staff = await listStaff();
  return (
    <>
      <h1>Staff accounts</h1>
      <table className="mb-8 w-full border-collapse bg-white text-left">
        <caption className="sr-only">Staff accounts</caption>
        <thead>
          <tr className="border-b-2 border-nhs-grey-3">
            <th scope="col" className="p-2">Name</th>
            <th scope="col" className="p-2">User name</th>
            <th scope="col" className="p-2">Role</th>
            <th scope="col" className="p-2">State</th>
            <th scope="col" className="p-2">Last signed in</th>
            <th scope="col" className="p-2">Change</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((s) => (
            <tr key={s.id} className="border-b border-nhs-grey-4 align-top">
              <th scope="row" className="p-2 text-left">
                {s.name}
              </th>
              <td className="p-2">{s.username}</td>
              <td className="p-2">{isRole(s.role) ? ROLE_LABEL[s.role] : s.role}</td>
              <td className="p-2">
                {s.disabled ? <strong>Disabled</strong> : s.mustChangePassword ? "Must change password" : "Active"}
                {s.cis2 && <div className="text-nhs-grey-1">NHS Care Identity</div>}
                {s.role === "admin" && !s.cis2 && <div className="text-nhs-grey-1">{s.twoFactor ? "Two-factor set up" : "Two-factor not set up"}</div>}
              </td>
              <td className="p-2">{s.lastSignInAt ? formatLondonDateTime(s.lastSignInAt) : "Never"}</td>
              <td className="p-2">
                <StaffRowActions user={{ id: s.id, name: s.name, role: s.role, disabled: s.disabled, version: s.version, twoFactor: s.twoFactor }} isSelf={s.id === me.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Create an account</h2>
      <CreateStaffForm />
    </>
  );
}
