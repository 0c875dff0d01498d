/**
 * multipart/form-data bodies built by hand: the platforms' media uploads take one file field,
 * and a Buffer body keeps us off any form-data dependency.
 */
import { randomBytes } from 'crypto';

export interface MultipartFile {
	/** Form field name (WeCom: "media"). */
	field: string;
	filename: string;
	contentType: string;
	data: Buffer;
}

export interface MultipartBody {
	body: Buffer;
	contentType: string;
}

// Quotes and line breaks would end the header early; platforms want a plain file name.
function headerSafe(value: string): string {
	return value.replace(/["\r\n\\]/g, '_');
}

export function buildMultipart(file: MultipartFile, fields: Record<string, string> = {}): MultipartBody {
	const boundary = `----n8nChinaIm${randomBytes(12).toString('hex')}`;
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields)) {
		parts.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${headerSafe(name)}"\r\n\r\n${value}\r\n`,
				'utf8',
			),
		);
	}
	parts.push(
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="${headerSafe(file.field)}"; ` +
				`filename="${headerSafe(file.filename)}"; filelength=${file.data.length}\r\n` +
				`Content-Type: ${headerSafe(file.contentType || 'application/octet-stream')}\r\n\r\n`,
			'utf8',
		),
		file.data,
		Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
	);
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The file name from a Content-Disposition header (WeCom media/get sends one). */
export function filenameFromDisposition(header: string | string[] | undefined): string | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (!value) return undefined;
	const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(value);
	if (star) {
		try {
			return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
		} catch {
			// fall through to the plain form
		}
	}
	const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(value);
	return plain ? plain[1].trim() : undefined;
}
