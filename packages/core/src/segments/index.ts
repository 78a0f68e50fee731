export {
  type AttributeDef,
  attributeOptionsForForm,
  createAttribute,
  deleteAttribute,
  listAttributes,
  loadAttributes,
  reorderAttributes,
  updateAttribute,
} from './attributes.ts'
export { countSegment, countSegmentIn, type SegmentCount } from './count-segment.ts'
export { describeSegment } from './describe-segment.ts'
export * from './filter.ts'
export * from './inputs.ts'
export { getMySettings, type MySettings, updateMySettings } from './my-settings.ts'
export {
  type SegmentScope,
  segmentWhere,
  tokyoDate,
  tokyoDayStart,
} from './segment-where.ts'
export {
  archiveSegment,
  createSegment,
  getSegment,
  listSegments,
  loadFormTitles,
  requireTenantSegment,
  type SegmentDetail,
  type SegmentListRow,
  updateSegment,
} from './segments.ts'
