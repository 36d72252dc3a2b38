// pdfkit ships no types; the few calls the renderer makes.
declare module 'pdfkit' {
  const PDFDocument: any
  export default PDFDocument
}
