/**
 * The one error type thrown by pure domain rules. `code` is stable (the API maps it to an HTTP answer);
 * `message` is English for logs and developers; `messageVi` is what an officer or citizen reads.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly messageVi: string;

  constructor(code: string, messageEn: string, messageVi: string) {
    super(messageEn);
    this.name = 'DomainError';
    this.code = code;
    this.messageVi = messageVi;
  }
}
