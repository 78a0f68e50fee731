/** Admin messages of the form builder and the forms list (Japanese; defines the keys). */
export const formsJa = {
  title: 'フォーム',
}
