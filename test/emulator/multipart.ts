/**
 * A small multipart/form-data reader (RFC 7578) for the media upload endpoints. It is strict on
 * framing, so a client that builds the body wrongly gets an error here as it would upstream.
 */

export interface MultipartPart {
	name: string;
	filename?: string;
	contentType?: string;
	/** Every part header, names lower-cased. */
	headers: Record<string, string>;
	data: Buffer;
}

export class MultipartError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MultipartError';
	}
}

/** Parameters of a header such as `form-data; name="media"; filename="a.png"; filelength=6`. */
export function headerParams(value: string): Record<string, string> {
	const params: Record<string, string> = {};
	const re = /;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
	let match: RegExpExecArray | null;
	while ((match = re.exec(value)) !== null) {
		const key = match[1].toLowerCase();
		let raw = match[2].trim();
		if (raw.startsWith('"')) raw = raw.slice(1, -1).replace(/\\(.)/g, '$1');
		params[key] = raw;
	}
	// RFC 5987 extended value (filename*=UTF-8''%E4%B8%AD.txt) wins over the plain one.
	const extended = params['filename*'];
	if (extended) {
		const ext = /^([^']*)'[^']*'(.*)$/.exec(extended);
		if (ext) {
			try {
				params.filename = decodeURIComponent(ext[2]);
			} catch {
				// Leave the plain filename in place when the extended one is malformed.
			}
		}
	}
	return params;
}

export function boundaryOf(contentType: string | undefined): string {
	if (!contentType || !/^multipart\/form-data\b/i.test(contentType.trim())) {
		throw new MultipartError('Content-Type is not multipart/form-data');
	}
	const boundary = headerParams(contentType).boundary;
	if (!boundary) throw new MultipartError('multipart/form-data without a boundary');
	return boundary;
}

export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] {
	const boundary = boundaryOf(contentType);
	const delimiter = Buffer.from(`--${boundary}`, 'latin1');
	const parts: MultipartPart[] = [];
	let pos = body.indexOf(delimiter);
	if (pos < 0) throw new MultipartError('Body does not contain the boundary');
	for (;;) {
		pos += delimiter.length;
		if (body.subarray(pos, pos + 2).toString('latin1') === '--') return parts;
		if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') {
			throw new MultipartError('Boundary is not followed by CRLF');
		}
		pos += 2;
		const headerEnd = body.indexOf('\r\n\r\n', pos, 'latin1');
		if (headerEnd < 0) throw new MultipartError('Part headers are not terminated');
		const headers: Record<string, string> = {};
		// Header values are UTF-8 in practice (browsers and WeCom both send raw UTF-8 filenames).
		for (const line of body.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
			const colon = line.indexOf(':');
			if (colon <= 0) throw new MultipartError(`Malformed part header "${line}"`);
			headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
		}
		const dataStart = headerEnd + 4;
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n', 'latin1'), delimiter]), dataStart);
		if (next < 0) throw new MultipartError('Part is not terminated by the boundary');
		const disposition = headers['content-disposition'];
		if (!disposition || !/^form-data\b/i.test(disposition)) {
			throw new MultipartError('Part without Content-Disposition: form-data');
		}
		const params = headerParams(disposition);
		if (params.name === undefined) throw new MultipartError('Part without a name');
		parts.push({
			name: params.name,
			filename: params.filename,
			contentType: headers['content-type'],
			headers,
			data: body.subarray(dataStart, next),
		});
		pos = next + 2;
	}
}
