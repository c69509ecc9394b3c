/** The demo org's identity. */
export const DEMO_ORG = { name: 'Demo Org', myDomain: 'orgbridge-demo' } as const;

/** The demo sandbox, a copy of the demo org's setup (`orgbridge-demo--dev`). */
export const DEMO_SANDBOX = { name: 'Demo Sandbox', sandboxName: 'orgbridge-demo--dev' } as const;

/** Fixed credentials of the demo users, so documentation and tests can rely on them. */
export const DEMO_USERS = {
  admin: {
    username: 'admin@demo.orgbridge.example',
    password: 'Demo-Admin-1!',
    securityToken: 'DemoAdminSecurityToken01',
    profile: 'System Administrator',
    firstName: 'Dana',
    lastName: 'Admin',
  },
  sales: {
    username: 'sales@demo.orgbridge.example',
    password: 'Demo-Sales-1!',
    securityToken: 'DemoSalesSecurityToken01',
    profile: 'Standard User',
    firstName: 'Sam',
    lastName: 'Sales',
  },
  integration: {
    username: 'integration@demo.orgbridge.example',
    password: 'Demo-Integration-1!',
    securityToken: 'DemoIntegSecurityToken01',
    profile: 'Minimum Access - API Only Integrations',
    firstName: 'orgbridge',
    lastName: 'Integration',
  },
  sandboxAdmin: {
    // Sandbox copies keep production passwords and append the sandbox name to usernames.
    username: 'admin@demo.orgbridge.example.dev',
    password: 'Demo-Admin-1!',
    securityToken: 'DemoSbxAdminSecToken0001',
    profile: 'System Administrator',
    firstName: 'Dana',
    lastName: 'Admin',
  },
} as const;

/** The permission set the integration user gets on top of its API-only profile. */
export const DEMO_PERMISSION_SET = {
  name: 'orgbridge_Integration',
  label: 'orgbridge Integration',
  objects: ['Account', 'Contact', 'Lead', 'Opportunity', 'Campaign', 'Task'],
} as const;

/** The demo connected app, with a fixed consumer key and secret. */
export const DEMO_APP = {
  name: 'orgbridge demo',
  consumerKey: '3MVG9orgbridgeDemoConsumerKey',
  consumerSecret: 'orgbridge-demo-consumer-secret',
  callbackUrls: ['http://localhost:3000/oauth/callback', 'http://127.0.0.1:3000/oauth/callback'],
  scopes: ['api', 'refresh_token', 'offline_access', 'id', 'openid'],
} as const;
