/**
 * Numbers the UI needs too, kept apart from schema.ts so that importing one does not bring classic zod
 * and every record schema into the popup.
 */
export const MAX_CART_QUANTITY = 99;
