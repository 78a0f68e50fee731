/** Admin messages of segments (Japanese; defines the keys). */
export const segmentsJa = {
  title: 'セグメント',
}
