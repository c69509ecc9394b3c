/**
 * A failure the emulator answers the way Salesforce would: an HTTP status plus the REST error
 * entry `{ message, errorCode, fields }`. Collections and Bulk results reuse `errorCode` as their
 * `statusCode`. Thrown by the data layer, rendered once by the HTTP layer.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export class SalesforceError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly fields: string[] | undefined;

  constructor(status: number, errorCode: string, message: string, fields?: string[]) {
    super(message);
    this.name = 'SalesforceError';
    this.status = status;
    this.errorCode = errorCode;
    this.fields = fields;
  }

  /** The REST error entry. DML errors carry `fields`; query, session and limit errors leave it out. */
  toEntry(): { message: string; errorCode: string; fields?: string[] } {
    return this.fields === undefined
      ? { message: this.message, errorCode: this.errorCode }
      : { message: this.message, errorCode: this.errorCode, fields: this.fields };
  }
}

export const notFound = (): SalesforceError =>
  new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const invalidType = (name: string): SalesforceError =>
  new SalesforceError(
    400,
    'INVALID_TYPE',
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

export const insufficientAccess = (): SalesforceError =>
  new SalesforceError(
    400,
    'INSUFFICIENT_ACCESS_OR_READONLY',
    'insufficient access rights on object id',
    [],
  );
