// The app's client registration at the test OIDC issuer: playwright.config.ts
// gives it to the app, e2e/oidc-provider.ts registers it.
export const TEST_OIDC_CLIENT = { id: "touchstone-e2e", secret: "touchstone-e2e-client-secret" };
