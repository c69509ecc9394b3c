/** Where a connection logs in: Salesforce's production or sandbox login host, or a My Domain URL. */
export const ENVIRONMENTS = ['production', 'sandbox', 'custom'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** How a connection obtains access tokens. */
export const AUTH_FLOWS = ['web_server', 'jwt_bearer', 'client_credentials', 'password'] as const;
export type AuthFlow = (typeof AUTH_FLOWS)[number];

/** Scopes requested by the web-server flow unless the connection asks for others. */
export const DEFAULT_SCOPES = ['api', 'refresh_token', 'offline_access', 'id'] as const;
