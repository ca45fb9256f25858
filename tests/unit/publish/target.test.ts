// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { checkPublishTarget, objectUrl, requiredOrigins, secretBinding, uploadOrigin, type S3Target, type TargetProblemCode } from '../../../utils/publish/target';

const s3 = {
  kind: 's3',
  endpoint: 'https://s3.us-east-1.amazonaws.com',
  region: 'us-east-1',
  bucket: 'haowu-window',
  prefix: '',
  addressing: 'path',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  publicBaseUrl: 'https://haowu-window.s3.amazonaws.com',
};
const webdav = { kind: 'webdav', folderUrl: 'https://dav.jianguoyun.com/dav/haowu', username: 'mei@example.com', publicBaseUrl: 'https://mei.example/haowu' };

/** The codes of the problems with `field`, for a target with `overrides`. */
function codes(base: object, overrides: object): { field: string; code: TargetProblemCode }[] {
  const checked = checkPublishTarget({ ...base, ...overrides });
  return checked.ok ? [] : checked.problems.map(({ field, code }) => ({ field, code }));
}

describe('publish target rules', () => {
  it('accept the common providers and normalise addresses', () => {
    const checked = checkPublishTarget({ ...s3, endpoint: ' https://S3.us-east-1.amazonaws.com/ ', prefix: '/sites/haowu/', publicBaseUrl: 'https://cdn.example/w/' });
    expect(checked).toMatchObject({
      ok: true,
      target: { endpoint: 'https://s3.us-east-1.amazonaws.com', prefix: 'sites/haowu', publicBaseUrl: 'https://cdn.example/w', rememberSecret: true, autoPublish: false },
    });
    for (const target of [
      { ...s3, endpoint: 'https://0123456789abcdef.r2.cloudflarestorage.com', region: 'auto', bucket: 'window' },
      { ...s3, endpoint: 'https://oss-cn-hangzhou.aliyuncs.com', region: 'oss-cn-hangzhou', addressing: 'virtual-hosted' },
      { ...s3, endpoint: 'https://cos.ap-guangzhou.myqcloud.com', region: 'ap-guangzhou', bucket: 'haowu-1250000000', addressing: 'virtual-hosted' },
      { ...s3, endpoint: 'https://minio.home.example:9000', bucket: 'my.window' },
      webdav,
      { kind: 'zip' },
      { kind: 'zip', publicBaseUrl: 'https://mei.github.io/window' },
    ]) {
      expect(checkPublishTarget(target), JSON.stringify(target)).toMatchObject({ ok: true });
    }
    expect(checkPublishTarget(webdav)).toMatchObject({ ok: true, target: { folderUrl: 'https://dav.jianguoyun.com/dav/haowu/' } });
  });

  it('refuse anything but https, and addresses carrying credentials, queries or paths', () => {
    expect(codes(s3, { endpoint: 'http://minio.local:9000' })).toEqual([{ field: 'endpoint', code: 'not-https' }]);
    expect(codes(s3, { endpoint: 'https://key:secret@s3.example' })).toEqual([{ field: 'endpoint', code: 'has-credentials' }]);
    expect(codes(s3, { endpoint: 'https://s3.example/bucket' })).toEqual([{ field: 'endpoint', code: 'has-path' }]);
    expect(codes(s3, { endpoint: 's3.example' })).toEqual([{ field: 'endpoint', code: 'invalid-url' }]);
    expect(codes(s3, { endpoint: '' })).toEqual([{ field: 'endpoint', code: 'required' }]);
    expect(codes(s3, { publicBaseUrl: 'http://cdn.example' })).toEqual([{ field: 'publicBaseUrl', code: 'not-https' }]);
    expect(codes(s3, { publicBaseUrl: 'https://cdn.example/?v=1' })).toEqual([{ field: 'publicBaseUrl', code: 'has-query' }]);
    expect(codes(s3, { publicBaseUrl: 'https://cdn.example/#top' })).toEqual([{ field: 'publicBaseUrl', code: 'has-query' }]);
    expect(codes(webdav, { folderUrl: 'http://nas.local/dav' })).toEqual([{ field: 'folderUrl', code: 'not-https' }]);
    expect(codes(webdav, { folderUrl: 'webdav://nas.local/dav' })).toEqual([{ field: 'folderUrl', code: 'not-https' }]);
    expect(codes(webdav, { username: 'a:b' })).toEqual([{ field: 'username', code: 'bad-username' }]);
  });

  it('apply the bucket naming rules', () => {
    for (const bucket of ['ab', 'a'.repeat(64), 'Haowu', 'haowu_window', '-haowu', 'haowu-', 'ha..owu', 'ha.-owu', '192.168.1.1', 'xn--haowu', 'haowu-s3alias']) {
      expect(codes(s3, { bucket }), bucket).toEqual([{ field: 'bucket', code: 'bad-bucket' }]);
    }
    expect(codes(s3, { bucket: '' })).toEqual([{ field: 'bucket', code: 'required' }]);
    expect(codes(s3, { bucket: 'my.window', addressing: 'virtual-hosted' })).toEqual([{ field: 'bucket', code: 'bucket-dots-virtual-host' }]);
  });

  it('refuse a prefix that could leave its folder', () => {
    for (const prefix of ['a/../b', '..', 'a/./b', 'a//b', 'a\\b', 'a?b', 'a#b', 'a%2e%2e', 'a\nb']) {
      expect(codes(s3, { prefix }), prefix).toEqual([{ field: 'prefix', code: 'bad-prefix' }]);
    }
    expect(codes(s3, { prefix: 'x'.repeat(513) })).toEqual([{ field: 'prefix', code: 'bad-prefix' }]);
    expect(checkPublishTarget({ ...s3, prefix: '好物/window-2025' })).toMatchObject({ ok: true });
  });

  it('refuse bad regions, key ids, unknown fields and auto-publish without a remembered secret', () => {
    expect(codes(s3, { region: 'US East' })).toEqual([{ field: 'region', code: 'bad-region' }]);
    expect(codes(s3, { accessKeyId: 'has space' })).toEqual([{ field: 'accessKeyId', code: 'bad-access-key-id' }]);
    expect(codes(s3, { secretAccessKey: 'x' })).toEqual([{ field: 'secretAccessKey', code: 'unknown-field' }]);
    expect(codes(s3, { autoPublish: true, rememberSecret: false })).toEqual([{ field: 'autoPublish', code: 'auto-publish-needs-secret' }]);
    expect(codes(webdav, { autoPublish: true })).toEqual([]);
    const missing = checkPublishTarget({ kind: 's3' });
    expect(missing.ok ? [] : missing.problems.map((p) => p.field).sort()).toEqual(['accessKeyId', 'bucket', 'endpoint', 'publicBaseUrl', 'region']);
    expect(codes({ kind: 'ftp' }, {})).toMatchObject([{ code: 'invalid' }]);
  });
});

describe('publish target addresses', () => {
  const target = (overrides: Partial<S3Target>) => {
    const checked = checkPublishTarget({ ...s3, ...overrides });
    if (!checked.ok || checked.target.kind !== 's3') throw new Error('invalid');
    return checked.target;
  };

  it('address objects path-style or virtual-hosted, with each path segment encoded', () => {
    expect(objectUrl(target({ prefix: 'w' }), 'p/a b.html')).toBe('https://s3.us-east-1.amazonaws.com/haowu-window/w/p/a%20b.html');
    expect(objectUrl(target({ addressing: 'virtual-hosted' }), 'index.html')).toBe('https://haowu-window.s3.us-east-1.amazonaws.com/index.html');
    expect(objectUrl(target({ endpoint: 'https://minio.example:9000', prefix: '好物' }), "tag/it's.html")).toBe(
      'https://minio.example:9000/haowu-window/%E5%A5%BD%E7%89%A9/tag/it%27s.html',
    );
  });

  it('need the upload host and the public host, and bind the secret to the server and account', () => {
    const path = target({ publicBaseUrl: 'https://cdn.example/w' });
    expect(uploadOrigin(path)).toBe('https://s3.us-east-1.amazonaws.com');
    expect(requiredOrigins(path)).toEqual(['https://s3.us-east-1.amazonaws.com/*', 'https://cdn.example/*']);
    expect(requiredOrigins(target({ addressing: 'virtual-hosted', publicBaseUrl: 'https://haowu-window.s3.us-east-1.amazonaws.com' }))).toEqual([
      'https://haowu-window.s3.us-east-1.amazonaws.com/*',
    ]);
    expect(requiredOrigins({ kind: 'zip' })).toEqual([]);
    expect(secretBinding(path)).toBe(secretBinding(target({ bucket: 'another', prefix: 'x', publicBaseUrl: 'https://other.example' })));
    expect(secretBinding(path)).not.toBe(secretBinding(target({ accessKeyId: 'AKIAOTHER' })));
    expect(secretBinding(path)).not.toBe(secretBinding(target({ endpoint: 'https://evil.example' })));
  });
});
