/** Canonical URLs the UEC Booking Standard uses: profiles, identifier systems, code systems, extensions. */

const CARE_CONNECT = "https://fhir.hl7.org.uk/STU3/StructureDefinition/";

/** CareConnect STU3 profiles (the ten the CapabilityStatement lists), plus the Spine OperationOutcome profile. */
export const PROFILE = {
  slot: `${CARE_CONNECT}CareConnect-Slot-1`,
  healthcareService: `${CARE_CONNECT}CareConnect-HealthcareService-1`,
  schedule: `${CARE_CONNECT}CareConnect-Schedule-1`,
  appointment: `${CARE_CONNECT}CareConnect-Appointment-1`,
  patient: `${CARE_CONNECT}CareConnect-Patient-1`,
  documentReference: `${CARE_CONNECT}CareConnect-DocumentReference-1`,
  practitioner: `${CARE_CONNECT}CareConnect-Practitioner-1`,
  practitionerRole: `${CARE_CONNECT}CareConnect-PractitionerRole-1`,
  organization: `${CARE_CONNECT}CareConnect-Organization-1`,
  location: `${CARE_CONNECT}CareConnect-Location-1`,
  operationOutcome: "https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1",
} as const;

export const SYSTEM = {
  nhsNumber: "https://fhir.nhs.uk/Id/nhs-number",
  odsOrganisation: "https://fhir.nhs.uk/Id/ods-organization-code",
  odsSite: "https://fhir.nhs.uk/Id/ods-site-code",
  sdsUserId: "https://fhir.nhs.uk/Id/sds-user-id",
  sdsRoleProfileId: "https://fhir.nhs.uk/Id/sds-role-profile-id",
  dosServiceId: "https://fhir.nhs.uk/Id/dos-service-id",
  /** UUIDs: Slot identifiers and the CDA document id in the contained DocumentReference. */
  uuid: "https://tools.ietf.org/html/rfc4122",
  nhsNumberVerificationStatus: "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1",
  sdsJobRoleName: "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1",
  deliveryChannel: "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-DeliveryChannel-1",
  spineErrorOrWarningCode: "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1",
  organizationType: "http://hl7.org/fhir/organization-type",
  locationPhysicalType: "http://hl7.org/fhir/location-physical-type",
  /** ITK document types; the 111 clinical summary is POCD_MT200001GB02. */
  itkDocumentType: "urn:oid:2.16.840.1.113883.2.1.3.2.4.18.17",
  humanLanguage: "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-HumanLanguage-1",
} as const;

export const EXTENSION = {
  nhsNumberVerificationStatus: `${CARE_CONNECT}Extension-CareConnect-NHSNumberVerificationStatus-1`,
  deliveryChannel: `${CARE_CONNECT}Extension-CareConnect-DeliveryChannel-1`,
  appointmentCancellationReason: `${CARE_CONNECT}Extension-CareConnect-AppointmentCancellationReason-1`,
  bookingOrganisation: `${CARE_CONNECT}Extension-CareConnect-BookingOrganisation-1`,
  /** Patient language and interpreter need (CareConnect prohibits Patient.communication in favour of this). */
  nhsCommunication: `${CARE_CONNECT}Extension-CareConnect-NHSCommunication-1`,
} as const;

/** The contained DocumentReference's fixed type: the Integrated Urgent Care report sent over ITK. */
export const IUC_REPORT_TYPE = {
  system: SYSTEM.itkDocumentType,
  code: "POCD_MT200001GB02",
  display: "Integrated Urgent Care Report",
} as const;

export const FHIR_NAMESPACE = "http://hl7.org/fhir";
export const XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml";

/** The delivery channels CareConnect defines for Slot and Appointment. */
export type DeliveryChannel = "In-person" | "Telephone" | "Video";
