import type { StaffActor } from "../auth/actor";
import type { Tx } from "../db/client";
import { Forbidden, InvalidInput } from "../errors";

export function assertAdmin(actor: StaffActor): void {
  if (actor.role !== "admin") throw new Forbidden("Only administrators can change services");
}

/** A practitioner and a role, when given, must exist, and the role must be that practitioner's. */
export async function assertPractitioner(tx: Tx, practitionerId: string | null, practitionerRoleId: string | null): Promise<void> {
  if (practitionerId && !(await tx.practitioner.findUnique({ where: { id: practitionerId } }))) {
    throw new InvalidInput("Select a practitioner from the list", { practitionerId: "Select a practitioner from the list" });
  }
  if (practitionerRoleId) {
    const role = await tx.practitionerRole.findUnique({ where: { id: practitionerRoleId } });
    if (!role) throw new InvalidInput("Select a practitioner role from the list", { practitionerRoleId: "Select a practitioner role from the list" });
    if (practitionerId && role.practitionerId !== practitionerId) {
      throw new InvalidInput("That role belongs to another practitioner", { practitionerRoleId: "That role belongs to another practitioner" });
    }
  }
}

export async function dosIdTaken(tx: Tx, value: string, exceptRowId?: string): Promise<string | null> {
  const other = await tx.dosServiceId.findUnique({ where: { value }, include: { service: true } });
  if (!other || other.id === exceptRowId) return null;
  return `That Directory of Services ID is already used by ${other.service.name}`;
}
