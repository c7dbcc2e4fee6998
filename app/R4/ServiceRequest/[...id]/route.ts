import { readServiceRequestRoute as handler } from "@/lib/doors/bars-r4";

export const dynamic = "force-dynamic";

// Every method reaches the door, which answers the ones this address does not take with a 405 OperationOutcome.
export { handler as GET, handler as POST, handler as PUT, handler as DELETE, handler as PATCH, handler as OPTIONS, handler as HEAD };
