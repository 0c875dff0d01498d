/**
 * npm start: a local n8n (2.41.1 by default) with this package installed, talking to the platform
 * emulator instead of the real platforms. State (n8n's SQLite database, the log) persists in
 * .sandbox/ at the repo root, or $SANDBOX_DIR.
 *
 * Environment: PORT or N8N_PORT (n8n, default 5678), EMULATOR_PORT (default 5690),
 * SANDBOX_N8N_VERSION, SANDBOX_DIR, and any N8N_* setting, which is passed on to n8n.
 *
 * Every start re-imports the sandbox credentials (fixed ids, so in place) and imports the
 * examples/*.json whose content changed since the last start, publishing those with a webhook trigger.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { N8nHarnessError, N8nInstance, REPO_ROOT, declaredTypes, type WorkflowInput } from '../e2e/harness';
import { kfFixture, meituanFixture, officialAccountFixture, startEmulator, timFixture, wecomFixture, type Emulator } from '../emulator';
import { sandboxCredentials, useSandboxCredentials } from './credentials';

const VERSION = process.env.SANDBOX_N8N_VERSION ?? '2.41.1';
const N8N_PORT = Number(process.env.PORT ?? process.env.N8N_PORT ?? 5678);
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 5690);
const SANDBOX_DIR = path.resolve(process.env.SANDBOX_DIR ?? path.join(REPO_ROOT, '.sandbox'));
const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const OWNER = { email: 'sandbox@example.com', firstName: 'Sandbox', lastName: 'Owner', password: 'Sandbox-1234' };

const say = (line = '') => process.stdout.write(`${line}\n`);

interface Example {
	file: string;
	hash: string;
	workflow: WorkflowInput;
}

/** examples/*.json; an example without an id gets one derived from its file name, so it stays the same workflow. */
function readExamples(): Example[] {
	if (!fs.existsSync(EXAMPLES_DIR)) return [];
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const text = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
			const workflow = JSON.parse(text) as WorkflowInput;
			const id = workflow.id ?? `ex${createHash('sha256').update(file).digest('hex').slice(0, 14)}`;
			return { file, hash: createHash('sha256').update(text).digest('hex'), workflow: { ...workflow, id } };
		});
}

function hasWebhookTrigger(workflow: WorkflowInput): boolean {
	return workflow.nodes.some(
		(node) =>
			typeof node.webhookId === 'string' &&
			!node.disabled &&
			(/Trigger$/.test(String(node.type)) || node.type === 'n8n-nodes-base.webhook'),
	);
}

interface SandboxNode {
	name: string;
	type: string;
	parameters?: Record<string, unknown>;
}

/** The platforms the emulator plays, shown only when the package has a credential for them. */
const EMULATED = [
	{ label: 'WeCom', prefix: '/wecom', credentialType: 'weComApi' },
	{ label: 'Tencent Cloud IM', prefix: '/tim', credentialType: 'tencentCloudImApi' },
	{ label: 'WeChat KF', prefix: '/kf', credentialType: 'weChatKfApi' },
	{ label: 'WeChat Official Account', prefix: '/oa', credentialType: 'weChatOfficialAccountApi' },
	{ label: 'Meituan', prefix: '/meituan', credentialType: 'meituanApi' },
];

interface TryRecipe {
	what: string;
	body: Record<string, unknown>;
	expect: string;
}

/** How to poke a workflow's trigger through the emulator's signed callback sender. */
function tryRecipe(node: SandboxNode): TryRecipe | undefined {
	const mode = String(node.parameters?.replyMode ?? 'acknowledge');
	if (node.type.endsWith('.weComTrigger')) {
		return {
			what: 'a WeCom text message from user01',
			body: { platform: 'wecom', message: { MsgType: 'text', Content: '你好', FromUserName: 'user01' } },
			expect:
				mode === 'passive'
					? 'The answer\'s "reply" field is the decrypted passive reply the workflow gave.'
					: 'WeCom gets an empty 200 at once; the reply appears under /__emulator/messages.',
		};
	}
	if (node.type.endsWith('.weChatOfficialAccountTrigger')) {
		// A follower subscribing where the workflow waits for that, a text message otherwise.
		const chosen = (node.parameters?.messageTypes as string[] | undefined) ?? [];
		const subscribe = chosen.includes('event:subscribe') && !chosen.includes('text');
		return {
			what: subscribe ? 'a new follower subscribing to the Official Account' : 'an Official Account text message from a follower',
			body: { platform: 'oa', message: subscribe ? { MsgType: 'event', Event: 'subscribe' } : { MsgType: 'text', Content: '你好' } },
			expect:
				mode === 'passive'
					? 'The answer\'s "reply" field is the passive reply the workflow gave (decrypted: the sandbox account is in Safe mode).'
					: 'WeChat gets "success" at once; the Customer Service reply appears under /__emulator/messages.',
		};
	}
	if (node.type.endsWith('.weChatKfTrigger')) {
		return {
			what: 'a WeChat KF customer writes 你好 (the emulator logs the message, then sends kf_msg_or_event)',
			body: { platform: 'kf', text: '你好' },
			expect:
				'WeCom gets an empty 200 at once; the trigger reads the message with sync_msg and the reply appears under /__emulator/messages. With "event": "enter_session" instead of "text" the customer opens the chat and gets the welcome.',
		};
	}
	if (node.type.endsWith('.meituanImTrigger')) {
		return {
			what: 'a Meituan user writes 你好 to store t_Store0001 (an IM push, signed over the trigger URL, content encrypted)',
			body: { platform: 'meituan', message: { text: '你好', app_poi_code: 't_Store0001', open_user_id: 100001 } },
			expect: 'Meituan gets {"data":"ok"} at once; the reply, decrypted, appears under /__emulator/messages.',
		};
	}
	if (node.type.endsWith('.tencentCloudImTrigger')) {
		return {
			what: 'a Tencent Cloud IM before-send callback (alice to bob)',
			body: {
				platform: 'tim',
				command: 'C2C.CallbackBeforeSendMsg',
				token: timFixture.callbackToken,
				body: { From_Account: 'alice', To_Account: 'bob', MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '你好' } }] },
			},
			expect:
				mode === 'workflow'
					? 'The answer\'s "body" is the workflow\'s decision (ErrorCode 0 allows the message).'
					: 'Tencent gets "OK" at once.',
		};
	}
	return undefined;
}

function curl(emulatorUrl: string, body: object): string {
	return `  curl -s ${emulatorUrl}/__emulator/callback -H 'content-type: application/json' -d '${JSON.stringify(body)}'`;
}

async function main(): Promise<void> {
	fs.mkdirSync(SANDBOX_DIR, { recursive: true });
	const userFolder = process.env.N8N_USER_FOLDER ?? path.join(SANDBOX_DIR, 'n8n');
	const importedFile = path.join(SANDBOX_DIR, 'imported-examples.json');
	const imported: Record<string, string> = fs.existsSync(importedFile)
		? JSON.parse(fs.readFileSync(importedFile, 'utf8'))
		: {};

	let emulator: Emulator | undefined;
	let n8n: N8nInstance | undefined;
	let stoppingSince = 0;
	const shutdown = async (signal: string) => {
		if (stoppingSince > 0) {
			// tsx passes the terminal's Ctrl-C on to us as well: the same press arrives twice.
			if (Date.now() - stoppingSince < 1500) return;
			// A second Ctrl-C: do not wait for a graceful stop.
			n8n?.killNow();
			process.exit(130);
		}
		stoppingSince = Date.now();
		say(`\n${signal}: stopping n8n and the emulator...`);
		await n8n?.stop();
		await emulator?.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown('SIGINT'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));

	emulator = await startEmulator({ port: EMULATOR_PORT, fixtures: 'sandbox' });

	// Anyone's N8N_* settings go to n8n; the harness strips them from what it inherits.
	const passThrough = Object.fromEntries(
		Object.entries(process.env).filter(
			(entry): entry is [string, string] =>
				/^(N8N_|DB_|EXECUTIONS_|GENERIC_TIMEZONE$)/.test(entry[0]) &&
				!['N8N_PORT', 'N8N_USER_FOLDER'].includes(entry[0]) &&
				entry[1] !== undefined,
		),
	);
	// One start's log at a time; the previous one is kept next to it.
	const logFile = path.join(userFolder, 'n8n.log');
	if (fs.existsSync(logFile)) fs.renameSync(logFile, `${logFile}.previous`);
	say(`Preparing n8n ${VERSION} in ${path.relative(process.cwd(), userFolder) || userFolder} ...`);
	n8n = await N8nInstance.create({
		version: VERSION,
		userFolder,
		port: N8N_PORT,
		label: 'sandbox',
		publicUrl: `http://localhost:${N8N_PORT}/`,
		env: passThrough,
	});

	const declared = declaredTypes(REPO_ROOT);
	const { credentials, missing } = sandboxCredentials(declared.credentials, emulator.url);
	if (credentials.length > 0) await n8n.importCredentials(credentials);

	const changed = readExamples().filter((example) => imported[example.file] !== example.hash);
	if (changed.length > 0) {
		say(`Importing ${changed.length} example workflow(s) ...`);
		await n8n.importWorkflows(changed.map((example) => useSandboxCredentials(example.workflow, credentials)));
		for (const example of changed) {
			if (hasWebhookTrigger(example.workflow)) await n8n.publish(example.workflow.id as string);
			imported[example.file] = example.hash;
		}
		fs.writeFileSync(importedFile, JSON.stringify(imported, null, '\t'));
	}

	say('Starting n8n ...');
	try {
		await n8n.start();
	} catch (error) {
		say((error as Error).message);
		await emulator.close();
		process.exit(1);
	}
	const logLines = n8n.log().split('\n');
	const editorAt = logLines.lastIndexOf('Editor is now accessible via:');
	const editorUrl = editorAt >= 0 ? logLines[editorAt + 1].trim() : `http://localhost:${N8N_PORT}`;
	let ownerCreated = false;
	try {
		ownerCreated = await n8n.setupOwner(OWNER);
	} catch (error) {
		say(`(could not create the owner account: ${(error as Error).message})`);
	}

	const webhooks = await n8n.webhooks();
	const workflows = await n8n.query<{ id: string; name: string; nodes: string }>('select id, name, nodes from workflow_entity');
	const nameOf = new Map(workflows.map((workflow) => [workflow.id, workflow.name]));
	const nodeOf = (workflowId: string, nodeName: string) =>
		(JSON.parse(workflows.find((workflow) => workflow.id === workflowId)?.nodes ?? '[]') as SandboxNode[]).find(
			(node) => node.name === nodeName,
		);

	say();
	say('Editor is now accessible via:');
	say(editorUrl);
	say(
		ownerCreated
			? `  Created the owner account: ${OWNER.email} / ${OWNER.password}`
			: `  Log in as ${OWNER.email} / ${OWNER.password} (unless you changed it)`,
	);
	say();
	const shown = EMULATED.filter((platform) => declared.credentials.includes(platform.credentialType));
	say(`Emulator: ${emulator.url}  (${shown.map((p) => `${p.label} ${p.prefix}`).join(', ')}; control API /__emulator)`);
	say(`  Fixture apps (WeCom corp ${wecomFixture.corpId} agent ${wecomFixture.agentId}, TIM app ${timFixture.sdkAppId}, Official Account ${officialAccountFixture.appId}, WeChat KF account ${kfFixture.openKfId}, Meituan app ${meituanFixture.appId}): test/emulator/README.md`);
	say(`Credentials: ${credentials.map((credential) => credential.name).join(', ') || 'none'}`);
	if (missing.length > 0) {
		say(`  No sandbox credential for: ${missing.join(', ')} (add them to test/sandbox/credentials.ts)`);
	}
	// One test command per published workflow with one of our triggers, in the workflow's own mode.
	const tries = webhooks
		.filter((webhook) => webhook.method === 'POST')
		.map((webhook) => ({ webhook, node: nodeOf(webhook.workflowId, webhook.node) }))
		.map(({ webhook, node }) => ({ webhook, node, recipe: node && tryRecipe(node) }))
		.filter((entry) => entry.recipe);
	for (const { webhook, recipe } of tries) {
		say();
		say(`"${nameOf.get(webhook.workflowId) ?? webhook.workflowId}": ${recipe!.what}`);
		say(curl(emulator.url, { ...recipe!.body, url: `${n8n.baseUrl}/webhook/${webhook.webhookPath}` }));
		say(`  ${recipe!.expect}`);
	}
	if (tries.length === 0) say('No published workflow has a trigger of this package: publish one in the editor first.');
	say();
	say(`What the workflows sent to the platforms: curl -s ${emulator.url}/__emulator/messages`);
	say();
	say(`n8n log: ${n8n.logFile}`);
	say('Ctrl-C stops n8n and the emulator.');
}

main().catch((error) => {
	// The harness's own errors already say what failed and what to do; anything else is a bug.
	process.stderr.write(`${error instanceof N8nHarnessError ? error.message : ((error as Error).stack ?? error)}\n`);
	process.exit(1);
});
