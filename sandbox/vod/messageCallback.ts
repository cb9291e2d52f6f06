/** SetMessageCallback / GetMessageCallback (vod-api.md §3.1): one HTTP/MNS target per region (and AppId). */
import type { ActionHandler } from './actionContext';
import { mergeMessageCallback } from './validation';

export const messageCallbackActions: Record<string, ActionHandler> = {
	SetMessageCallback(a) {
		a.state.messageCallback = mergeMessageCallback(a.state.messageCallback, a.params);
		return {};
	},

	GetMessageCallback(a) {
		// The real API returns the AuthKey to the account owner; it is never written to the sandbox logs.
		const c = a.state.messageCallback;
		const view: Record<string, string> = { AppId: c.AppId, CallbackType: c.CallbackType, EventTypeList: c.EventTypeList, AuthSwitch: c.AuthSwitch };
		if (c.CallbackURL) view.CallbackURL = c.CallbackURL;
		if (c.AuthKey) view.AuthKey = c.AuthKey;
		if (c.MnsEndpoint) view.MnsEndpoint = c.MnsEndpoint;
		if (c.MnsQueueName) view.MnsQueueName = c.MnsQueueName;
		return { MessageCallback: view };
	},
};
