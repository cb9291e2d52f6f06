import type { INodeProperties } from 'n8n-workflow';

export interface AccessKeyFieldNames {
	/** Where the user finds the AccessKey ID in this cloud's console. */
	idDescription: string;
	secret: { displayName: string; name: string };
	/** The optional STS token and how it is sent. */
	token: { displayName: string; name: string; description: string };
}

/**
 * AccessKey ID, its secret and an optional STS token: both clouds ask for the same three, only the names
 * differ (they are the credential contract). The secret and the token are always masked.
 */
export function accessKeyFields({ idDescription, secret, token }: AccessKeyFieldNames): INodeProperties[] {
	return [
		{ displayName: 'Access Key ID', name: 'accessKeyId', type: 'string', default: '', required: true, description: idDescription },
		{ ...secret, type: 'string', typeOptions: { password: true }, default: '', required: true },
		{ ...token, type: 'string', typeOptions: { password: true }, default: '' },
	];
}
