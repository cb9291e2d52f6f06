// Runs this package's BUILT nodes on the real n8n engine (n8n-core WorkflowExecute / WebhookContext /
// HookContext). See README.md in this folder.
export { runNode, runWorkflow } from './run';
export type { HarnessError, RunNodeOptions, RunNodeResult, RunWorkflowOptions, RunWorkflowResult } from './run';
export { callWebhook, runWebhookMethod } from './webhook';
export type { CallWebhookOptions, CallWebhookResult, RunWebhookMethodOptions } from './webhook';
export type { HarnessRequest } from './http-fakes';
export { DEFAULT_BASE_URL } from './context';
export { PROBE_TYPE, MANUAL_TRIGGER_TYPE } from './stub-nodes';
export { WEBHOOK_PROBE_TYPE, probeSignature } from './webhook-probe-node';
export type { CredentialFixtures } from './credentials-helper';
export { HTTP_REQUEST_TYPE, HTTP_REQUEST_VERSION } from './http-request-node';
