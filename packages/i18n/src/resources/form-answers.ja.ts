/** Admin messages of the answers table, answer detail, charts and exports (Japanese; defines the keys). */
export const formAnswersJa = {
  title: '回答',
}
