import type { IDataObject, INodeProperties } from 'n8n-workflow';

export const regionWideNotice: INodeProperties = {
	displayName:
		'These are the account\'s callback settings for the whole region (per application), not just for this workflow. Changing them redirects the events of every other integration that uses VOD callbacks in this region.',
	name: 'regionWideNotice',
	type: 'notice',
	default: '',
};

export const appIdField: INodeProperties = {
	displayName: 'App ID',
	name: 'appId',
	type: 'string',
	default: '',
	placeholder: 'app-1000000',
	description: 'VOD application ID; empty = the default application (app-1000000)',
};

/** The settings without the AuthKey: a callback signing secret never leaves the node. */
export function publicCallbackSettings(settings: IDataObject): IDataObject {
	const { AuthKey, ...rest } = settings;
	return { ...rest, AuthKeySet: typeof AuthKey === 'string' && AuthKey !== '' };
}
