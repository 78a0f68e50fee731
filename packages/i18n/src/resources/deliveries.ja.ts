/** Admin messages of deliveries (Japanese; defines the keys). */
export const deliveriesJa = {
  title: 'メッセージ配信',
}
