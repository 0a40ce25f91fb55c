export const SSO_PROVIDER_ID = 'sso';
