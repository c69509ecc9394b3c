import { randomBytes } from 'node:crypto';

/** The vault context a webhook's signing secret is sealed with (bound to its row). */
export const webhookSecretContext = (webhookId: string): string => `webhook:${webhookId}:secret`;

/** A new signing secret: `whsec_` and 32 random bytes in base64url. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;
