// The part of n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts) that node execution touches,
// with fixture credentials instead of the encrypted DB. Same semantics where it matters for signing:
// defaults of the credential type are applied before the node or `authenticate` sees the data, a function
// `authenticate` is awaited as a method call and its return value is sent as-is, generic ones are resolved.
import type { PackageDirectoryLoader } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IDataObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
} from 'n8n-workflow';

/** Fixture data per credential type name. `object` so typed fixtures (interfaces such as the sandbox's) fit. */
export type CredentialFixtures = Record<string, object>;

export class FixtureCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly loader: PackageDirectoryLoader,
		private readonly fixtures: CredentialFixtures,
		/** Harness-only credential types, looked up before the package's. */
		private readonly extraTypes: Record<string, ICredentialType> = {},
	) {
		super();
	}

	private credentialType(name: string): ICredentialType {
		const type = this.extraTypes[name] ?? this.loader.credentialTypes[name]?.type;
		if (!type) throw new Error(`Credential type "${name}" is not in package.json n8n.credentials (or not built)`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.credentialType(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.credentialType(credentialType);
		return type.restrictToSupportedNodes !== true || (type.supportedNodes ?? []).includes(nodeType);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.credentialType(typeName);
		const { authenticate } = type;
		if (typeof authenticate === 'function') {
			// Method call, so `this` is the credential instance (as in n8n).
			type AuthenticateFn = (c: ICredentialDataDecryptedObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
			return await (type.authenticate as AuthenticateFn)(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic' && workflow && node) {
			const options = requestOptions as unknown as Record<string, IDataObject>;
			for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
				options[outerKey] ??= {};
				for (const [key, value] of Object.entries(entries as IDataObject)) {
					const resolve = (v: unknown) =>
						typeof v === 'string' && v.startsWith('=')
							? workflow.expression.getSimpleParameterValue(node, v, 'internal', { $credentials: credentials }, undefined, '')
							: v;
					options[outerKey][resolve(key) as string] = resolve(value) as IDataObject[string];
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		if (this.credentialType(typeName).preAuthentication) {
			throw new Error(`harness: preAuthentication of "${typeName}" is not supported`);
		}
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(_nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new Error(`harness: getCredentials("${type}") is not supported, use getDecrypted`);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const fixture = this.fixtures[type] as ICredentialDataDecryptedObject | undefined;
		if (!fixture) throw new Error(`harness: no fixture credentials for "${type}"`);
		// As n8n's applyDefaultsAndOverwrites: fill in the credential type's defaults.
		const withDefaults = NodeHelpers.getNodeParameters(this.getCredentialsProperties(type), fixture as never, true, false, null, null);
		return { ...fixture, ...(withDefaults as ICredentialDataDecryptedObject) };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		const own = this.credentialType(type).properties;
		const inherited = (this.credentialType(type).extends ?? []).flatMap((parent) => this.getCredentialsProperties(parent));
		return [...inherited, ...own];
	}
}
