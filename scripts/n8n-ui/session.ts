// The owner account n8n 2.x requires before its editor opens: set up once over REST (what the setup form posts),
// then signed in through the browser's sign-in form, as a user does. The password is made per run and never printed.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export function newOwner(): Owner {
	// n8n's rules: 8–64 characters with a digit and an upper-case letter.
	return { email: 'owner@editor-check.test', firstName: 'Editor', lastName: 'Check', password: `Ui${randomBytes(9).toString('hex')}7Z` };
}

export async function setUpOwner(baseUrl: string, owner: Owner): Promise<void> {
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (!response.ok) throw new Error(`POST /rest/owner/setup answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
}

export async function signIn(page: Page, owner: Owner): Promise<void> {
	await page.goto('/signin');
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(owner.email);
	await page.getByTestId('password').locator('input').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}
