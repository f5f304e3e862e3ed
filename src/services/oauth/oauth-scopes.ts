/** What a third-party app may ask for: the least an aggregator needs, itemised records apart. */
export const APP_SCOPES = ['esims:read', 'balance:read', 'usage:read', 'usage:read:records'] as const;
/** CAMARA Device Data Volume's own scope (its YAML's openId security scheme). */
export const CAMARA_SCOPE = 'device-data-volume:read';
/** CAMARA's subscriptions API: read, delete, and one create scope per event type. */
export const SUBSCRIPTION_SCOPE = 'device-data-volume-subscriptions';
export const SUBSCRIPTION_SCOPES: readonly string[] = [
  `${SUBSCRIPTION_SCOPE}:read`,
  `${SUBSCRIPTION_SCOPE}:delete`,
  ...['data-50-percent', 'data-75-percent', 'data-90-percent', 'data-exceeded'].map((t) => `${SUBSCRIPTION_SCOPE}:org.camaraproject.device-data-volume-subscriptions.v0.${t}:create`),
];
export const RESOURCE_SCOPES: readonly string[] = [...APP_SCOPES, CAMARA_SCOPE, ...SUBSCRIPTION_SCOPES];
export type AppScope = (typeof APP_SCOPES)[number];

/** How long a subscriber's consent (the grant and its refresh tokens) lasts. */
export const CONSENT_TTL_S = 90 * 24 * 3600;
/** Access tokens are short-lived; apps refresh them (refresh tokens rotate at every use). */
export const ACCESS_TOKEN_TTL_S = 10 * 60;
