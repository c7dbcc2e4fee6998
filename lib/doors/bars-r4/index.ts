export { metadataRoute, messageDefinitionRoute } from "./interactions/capability";
export { searchSlotsRoute } from "./interactions/search-slots";
export { processMessageRoute } from "./interactions/process-message";
export { readAppointmentRoute, searchAppointmentsRoute, readServiceRequestRoute, searchServiceRequestsRoute } from "./interactions/reads";
export { unknownPathRoute } from "./interactions/unknown-path";
