/** RFC 9457 problem details, as every error of the API is answered. */
export interface FieldError {
  /** JSON pointer into the request (e.g. /body/materials/0/code, /query/page) */
  pointer: string;
  /** message key */
  code: string;
  /** translated message */
  detail: string;
}
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}
