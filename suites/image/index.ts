// Every image rule, in one list (STYLE.md "A check is a value": one rule per file, listed here).
import annotations from './annotations.js';
import archiveContainer from './archive-container.js';
import artifactType from './artifact-type.js';
import blobDigest from './blob-digest.js';
import blobNames from './blob-names.js';
import blobPresent from './blob-present.js';
import blobSize from './blob-size.js';
import configEnv from './config-env.js';
import configRootfs from './config-rootfs.js';
import descriptorData from './descriptor-data.js';
import descriptorUrls from './descriptor-urls.js';
import diffIdsCount from './diff-ids-count.js';
import digestEncoding from './digest-encoding.js';
import emptyDescriptor from './empty-descriptor.js';
import historyCount from './history-count.js';
import indexMediaType from './index-media-type.js';
import jsonSize from './json-size.js';
import jsonWellFormed from './json-well-formed.js';
import layerCompression from './layer-compression.js';
import layerDiffId from './layer-diff-id.js';
import layerDuplicates from './layer-duplicates.js';
import layerMediaType from './layer-media-type.js';
import layerNames from './layer-names.js';
import layerPaths from './layer-paths.js';
import layerSpecialFiles from './layer-special-files.js';
import layerTar from './layer-tar.js';
import layerStack from './layer-stack.js';
import layerWhiteouts from './layer-whiteouts.js';
import layersNonEmpty from './layers-non-empty.js';
import layoutFiles from './layout-files.js';
import layoutVersion from './layout-version.js';
import manifestMediaType from './manifest-media-type.js';
import nonDistributable from './non-distributable.js';
import platformMatch from './platform-match.js';
import platformValues from './platform-values.js';
import refName from './ref-name.js';
import type { ImageRule } from '../../harness/image/rule.js';
import schema from './schema.js';
import schemaVersion from './schema-version.js';
import unambiguous from './unambiguous.js';
import unreferencedBlobs from './unreferenced-blobs.js';

export const imageRules: ImageRule[] = [
  layoutFiles,
  blobNames,
  unreferencedBlobs,
  archiveContainer,
  jsonWellFormed,
  schema,
  layoutVersion,
  schemaVersion,
  indexMediaType,
  manifestMediaType,
  unambiguous,
  artifactType,
  layersNonEmpty,
  digestEncoding,
  descriptorData,
  descriptorUrls,
  emptyDescriptor,
  platformValues,
  nonDistributable,
  annotations,
  refName,
  configRootfs,
  configEnv,
  diffIdsCount,
  platformMatch,
  historyCount,
  blobPresent,
  blobSize,
  blobDigest,
  jsonSize,
  layerMediaType,
  layerCompression,
  layerTar,
  layerDiffId,
  layerPaths,
  layerDuplicates,
  layerWhiteouts,
  layerStack,
  layerNames,
  layerSpecialFiles,
];
