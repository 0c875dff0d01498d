/**
 * In-memory stand-in for n8n's database-backed deduplication store (the CLI's DeduplicationHelper
 * over the processed_data table), with the same observable semantics: records keyed by workflow
 * id plus `n:<node id>` for scope 'node' or '' for scope 'workflow'; values hashed with md5;
 * on the very first call in 'entries' mode every item counts as new, even repeats in that batch.
 */
import { createHash } from 'crypto';
import type {
	DeduplicationItemTypes,
	DeduplicationMode,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

interface ProcessedRecord {
	mode: DeduplicationMode;
	data: string[] | DeduplicationItemTypes;
}

export class DeduplicationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DeduplicationError';
	}
}

function isLatestMode(mode: DeduplicationMode): boolean {
	return mode === 'latestIncrementalKey' || mode === 'latestDate';
}

function isGreater(mode: DeduplicationMode, a: DeduplicationItemTypes, b: DeduplicationItemTypes): boolean {
	if (mode === 'latestIncrementalKey') {
		const left = Number(a);
		const right = Number(b);
		if (isNaN(left) || isNaN(right)) {
			throw new DeduplicationError('Invalid value. Only numbers are supported in mode "latestIncrementalKey"');
		}
		return left > right;
	}
	const left = new Date(a as string).getTime();
	const right = new Date(b as string).getTime();
	if (isNaN(left) || isNaN(right)) {
		throw new DeduplicationError('Invalid value. Only valid dates are supported in mode "latestDate"');
	}
	return left > right;
}

function hash(value: DeduplicationItemTypes): string {
	return createHash('md5').update(value.toString()).digest('base64');
}

export class InMemoryDeduplicator implements IDataDeduplicator {
	/** Keyed `${workflowId}|${context}`; inspect or pre-seed in tests. */
	readonly records = new Map<string, ProcessedRecord>();

	private key(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		if (!contextData.workflow.id) throw new DeduplicationError('The workflow has no id');
		if (scope === 'node') {
			if (!contextData.node) {
				throw new DeduplicationError("No node information has been provided and so cannot use scope 'node'");
			}
			return `${contextData.workflow.id}|n:${contextData.node.id}`;
		}
		return `${contextData.workflow.id}|`;
	}

	private existing(key: string, options: ICheckProcessedOptions): ProcessedRecord | undefined {
		const record = this.records.get(key);
		if (record && record.mode !== options.mode) {
			throw new DeduplicationError(
				'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter.',
			);
		}
		return record;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const key = this.key(scope, contextData);
		const record = this.existing(key, options);

		if (isLatestMode(options.mode)) {
			const sorted = items.slice().sort((a, b) => (isGreater(options.mode, a, b) ? 1 : -1));
			if (!record) {
				this.records.set(key, { mode: options.mode, data: sorted[sorted.length - 1] });
				return { new: items, processed: [] };
			}
			const output: IDeduplicationOutput = { new: [], processed: [] };
			const previous = record.data as DeduplicationItemTypes;
			let largest = previous;
			for (const item of sorted) {
				if (isGreater(options.mode, item, previous)) {
					output.new.push(item);
					if (isGreater(options.mode, item, largest)) largest = item;
				} else {
					output.processed.push(item);
				}
			}
			record.data = largest;
			return output;
		}

		const hashes = items.map(hash);
		if (!record) {
			const kept = options.maxEntries ? hashes.slice(-options.maxEntries) : hashes;
			this.records.set(key, { mode: options.mode, data: kept });
			return { new: items, processed: [] };
		}
		const stored = record.data as string[];
		const output: IDeduplicationOutput = { new: [], processed: [] };
		hashes.forEach((value, index) => {
			if (stored.includes(value)) {
				output.processed.push(items[index]);
			} else {
				output.new.push(items[index]);
				stored.push(value);
			}
		});
		if (options.maxEntries) stored.splice(0, stored.length - options.maxEntries);
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		if (isLatestMode(options.mode)) {
			throw new DeduplicationError('Removing processed data is not possible in mode "latest"');
		}
		const record = this.records.get(this.key(scope, contextData));
		if (!record) return;
		const stored = record.data as string[];
		for (const value of items.map(hash)) {
			const index = stored.indexOf(value);
			if (index !== -1) stored.splice(index, 1);
		}
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		this.records.delete(this.key(scope, contextData));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		if (options.mode !== 'entries') return 0;
		const record = this.records.get(this.key(scope, contextData));
		return Array.isArray(record?.data) ? record.data.length : 0;
	}
}

/**
 * n8n-core's DataDeduplicationService is a process singleton that can be initialised once, so it
 * gets this forwarder and each execution points it at the store that execution should see.
 */
export class DelegatingDeduplicator implements IDataDeduplicator {
	constructor(public target: IDataDeduplicator) {}

	async checkProcessedAndRecord(
		...args: Parameters<IDataDeduplicator['checkProcessedAndRecord']>
	): Promise<IDeduplicationOutput> {
		return await this.target.checkProcessedAndRecord(...args);
	}

	async removeProcessed(...args: Parameters<IDataDeduplicator['removeProcessed']>): Promise<void> {
		await this.target.removeProcessed(...args);
	}

	async clearAllProcessedItems(...args: Parameters<IDataDeduplicator['clearAllProcessedItems']>): Promise<void> {
		await this.target.clearAllProcessedItems(...args);
	}

	async getProcessedDataCount(...args: Parameters<IDataDeduplicator['getProcessedDataCount']>): Promise<number> {
		return await this.target.getProcessedDataCount(...args);
	}
}
