import Forbidden from "../forbidden";

export const metadata = { title: "No access" };

export default function ForbiddenPage() {
  return <Forbidden />;
}
