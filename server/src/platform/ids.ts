import { v7 } from 'uuid';
/** Time-ordered UUIDv7, generated in the application so that both engines behave alike. */
export const newId = (): string => v7();
