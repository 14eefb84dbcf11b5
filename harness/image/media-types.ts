// The media types image-spec defines, and the RFC 6838 grammar every media type follows.

export const mt = {
  descriptor: 'application/vnd.oci.descriptor.v1+json',
  layout: 'application/vnd.oci.layout.header.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  empty: 'application/vnd.oci.empty.v1+json',
  layerTar: 'application/vnd.oci.image.layer.v1.tar',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  layerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ndLayerTar: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ndLayerGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  ndLayerZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export type Compression = 'none' | 'gzip' | 'zstd';

/** Compression a layer media type declares, or undefined when it is not a layer type we know. */
export function layerCompression(mediaType: string): Compression | undefined {
  switch (mediaType) {
    case mt.layerTar:
    case mt.ndLayerTar:
      return 'none';
    case mt.layerGzip:
    case mt.ndLayerGzip:
    case mt.dockerLayerGzip:
      return 'gzip';
    case mt.layerZstd:
    case mt.ndLayerZstd:
      return 'zstd';
    default:
      return undefined;
  }
}

export function isNonDistributable(mediaType: string): boolean {
  return mediaType.startsWith('application/vnd.oci.image.layer.nondistributable.');
}

export function isIndexType(mediaType: unknown): boolean {
  return mediaType === mt.index || mediaType === mt.dockerList;
}

export function isManifestType(mediaType: unknown): boolean {
  return mediaType === mt.manifest || mediaType === mt.dockerManifest;
}

// RFC 6838 §4.2: type-name "/" subtype-name, each restricted-name (1-127 chars), first char alnum,
// rest alnum or !#$&-^_.+ ; parameters (";" name=value) are allowed by RFC 2045.
const restricted = '[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}';
const mediaTypeRe = new RegExp(
  `^${restricted}/${restricted}(?:\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=(?:[^;"\\s]+|"[^"]*"))*$`,
);

export function isMediaType(s: unknown): boolean {
  return typeof s === 'string' && mediaTypeRe.test(s);
}
