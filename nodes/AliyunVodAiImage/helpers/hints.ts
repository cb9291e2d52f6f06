/** What to do about a VOD error code, in words a workflow builder can act on (vod-api.md §5.4, §6). */
export function hintFor(code: string, message: string, action: string): string {
	const lower = message.toLowerCase();
	if (/not (been )?(activated|enabled|opened)|smart ?thumbnail|未开通/.test(lower)) {
		return 'Smart thumbnail is not activated for this account: activate it in the ApsaraVideo VOD console (AI processing) first. It is a China-site feature available in cn-shanghai and cn-beijing.';
	}
	if (code === 'SignatureDoesNotMatch' || code === 'IncompleteSignature') {
		return 'Check the AccessKey Secret in the credential (no spaces or line breaks when pasted) and that the AccessKey ID belongs to it; if it persists, switch the credential\'s signature scheme.';
	}
	if (code === 'Forbidden.RAM' || /\bram\b|not authorized|no permission/.test(lower)) {
		return `The RAM user or role is not allowed to call this API: grant the action "vod:${action}" in its RAM policy (or attach AliyunVODFullAccess).`;
	}
	if (code.startsWith('Forbidden')) {
		return `VOD refused the operation (system and default templates cannot be changed or deleted). If the credential is a RAM user, also check that its policy allows "vod:${action}".`;
	}
	if (code.startsWith('InvalidAccessKeyId')) return 'The AccessKey ID is wrong or disabled: check it in the RAM console and in the credential.';
	if (code.startsWith('InvalidSecurityToken')) return 'The STS Security Token is invalid or expired: obtain a new token and update the credential.';
	if (code.startsWith('InvalidTimeStamp') || code === 'IllegalTimestamp') return 'The clock of the n8n host is off: synchronise it (NTP).';
	if (code.startsWith('Throttling')) return 'The account\'s API quota stayed exhausted for the whole "Throttle Retry Budget (Seconds)": raise the budget, lower the number of parallel workflows, or retry later.';
	if (code === 'OperationDenied.Suspended') return 'The Alibaba Cloud account is overdue: settle the payment to resume VOD.';
	if (code.startsWith('OperationDenied')) return 'ApsaraVideo VOD is not activated for this account, or the operation is not allowed: check the VOD console.';
	if (code === 'InvalidAction.NotFound') return 'This API is not available in the credential\'s region: AI image jobs exist only in cn-shanghai and cn-beijing.';
	if (code.startsWith('InvalidTemplate') || lower.includes('template')) return 'Check the AI template ID: list the AI templates of type AIImage in this region (Template > Get Many).';
	if (code.startsWith('InvalidVideo') || lower.includes('video')) return 'Check the Video ID: it must be a video of this VOD region.';
	if (code === 'MissingParameter' || code.startsWith('InvalidParameter')) return 'Correct the parameter named in the message and run again.';
	if (code === 'InternalError' || code.startsWith('ServiceUn') || code.startsWith('HTTP5')) return 'Alibaba Cloud had a temporary problem; run again later.';
	return 'See the error code in the Alibaba Cloud VOD error code reference, or open the "Recommend" link.';
}
