import type {
  Attachment,
  EmailCreated,
  EmailDetails,
  EmailItem,
  EmailMessageInput,
  Tag,
  TagInput,
  Template,
  TemplateDetails,
  Upload,
} from '../models/wire-models.js';
import type { PageOptions } from '../paging.js';
import { invalid } from '../validate.js';
import { bodyObject, id, Paged, type RestCaller, type RestCallOptions, text } from './paged.js';

function checkUpload(op: string, upload: Upload): Upload {
  bodyObject(op, 'upload', upload);
  text(op, 'Name', upload.Name, 200);
  if (typeof upload.Base64Data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(upload.Base64Data)) {
    throw invalid(op, 'Base64Data must be base64 on one line (no CR/LF)', 'rest');
  }
  return upload;
}

/** `rest.emails`: email messages, online visibility, attachments, tags, images and templates. */
export class EmailResources {
  constructor(private readonly rest: RestCaller) {}

  private lm(op: string, idList: number, idMessage: number) {
    return { idList: id(op, 'idList', idList), idMessage: id(op, 'idMessage', idMessage) };
  }

  /** `POST Console/List/{idList}/Email`: a new message; `{Subject, idList, idMessage}`. */
  create(idList: number, message: EmailMessageInput, options?: RestCallOptions): Promise<EmailCreated> {
    const op = 'POST Console/List/{idList}/Email';
    return this.rest.call(
      op,
      () => {
        bodyObject(op, 'message', message);
        text(op, 'Subject', message.Subject, 1000);
        return { params: { idList: id(op, 'idList', idList) }, body: { idList, ...message } };
      },
      options,
    );
  }

  /** `POST Console/List/{idList}/Email/Template/{idTemplate}`: a message from a template. */
  fromTemplate(idList: number, idTemplate: number, options?: RestCallOptions): Promise<EmailCreated> {
    const op = 'POST Console/List/{idList}/Email/Template/{idTemplate}';
    return this.rest.call(
      op,
      () => {
        const params = { idList: id(op, 'idList', idList), idTemplate: id(op, 'idTemplate', idTemplate) };
        return { params };
      },
      options,
    );
  }

  /** `POST Console/List/{idList}/Email/{idMessage}`: clones a message. */
  clone(idList: number, idMessage: number, options?: RestCallOptions): Promise<EmailCreated> {
    const op = 'POST Console/List/{idList}/Email/{idMessage}';
    return this.rest.call(op, () => ({ params: this.lm(op, idList, idMessage) }), options);
  }

  /** `GET Console/List/{idList}/Emails` (paged). */
  list(idList: number, options: PageOptions = {}): Paged<EmailItem> {
    const op = 'GET Console/List/{idList}/Emails';
    return new Paged(this.rest, op, { idList: id(op, 'idList', idList) }, options);
  }

  /** `GET Console/List/{idList}/Online/Emails` (paged): messages visible in the online archive. */
  online(idList: number, options: PageOptions = {}): Paged<EmailItem> {
    const op = 'GET Console/List/{idList}/Online/Emails';
    return new Paged(this.rest, op, { idList: id(op, 'idList', idList) }, options);
  }

  /** `GET Console/List/{idList}/Archived/Emails` (paged). */
  archived(idList: number, options: PageOptions = {}): Paged<EmailItem> {
    const op = 'GET Console/List/{idList}/Archived/Emails';
    return new Paged(this.rest, op, { idList: id(op, 'idList', idList) }, options);
  }

  /** `GET Console/User/Emails` (paged): every message of the user. */
  ofUser(options: PageOptions = {}): Paged<EmailItem> {
    return new Paged(this.rest, 'GET Console/User/Emails', {}, options);
  }

  /** `GET Console/List/{idList}/Email/{idMessage}`. */
  get(idList: number, idMessage: number, options?: RestCallOptions): Promise<EmailDetails> {
    const op = 'GET Console/List/{idList}/Email/{idMessage}';
    return this.rest.call(op, () => ({ params: this.lm(op, idList, idMessage) }), options);
  }

  /** `PUT Console/List/{idList}/Email/{idMessage}`. */
  update(
    idList: number,
    idMessage: number,
    changes: Partial<EmailMessageInput>,
    options?: RestCallOptions,
  ): Promise<EmailDetails> {
    const op = 'PUT Console/List/{idList}/Email/{idMessage}';
    return this.rest.call(
      op,
      () => {
        bodyObject(op, 'changes', changes);
        return { params: this.lm(op, idList, idMessage), body: changes };
      },
      options,
    );
  }

  /** `DELETE Console/List/{idList}/Email/{idMessage}`. */
  async delete(idList: number, idMessage: number, options?: RestCallOptions): Promise<void> {
    const op = 'DELETE Console/List/{idList}/Email/{idMessage}';
    await this.rest.call(op, () => ({ params: this.lm(op, idList, idMessage) }), options);
  }

  /** `PUT Console/List/{idList}/Email/{idMessage}/Online/Visibility` (body: `true` or `false`). */
  async setOnlineVisibility(idList: number, idMessage: number, visible: boolean, options?: RestCallOptions) {
    const op = 'PUT Console/List/{idList}/Email/{idMessage}/Online/Visibility';
    await this.rest.call(
      op,
      () => {
        if (typeof visible !== 'boolean') throw invalid(op, 'visible must be a boolean', 'rest');
        return { params: this.lm(op, idList, idMessage), body: visible };
      },
      options,
    );
  }

  /** `GET Console/List/{idList}/Email/{idMessage}/Attachment`. */
  attachments(idList: number, idMessage: number, options?: RestCallOptions): Promise<Attachment[]> {
    const op = 'GET Console/List/{idList}/Email/{idMessage}/Attachment';
    return this.rest.call(op, () => ({ params: this.lm(op, idList, idMessage) }), options);
  }

  /** `POST Console/List/{idList}/Email/{idMessage}/Attachment/{slot}` (slots 1–5). */
  addAttachment(
    idList: number,
    idMessage: number,
    slot: number,
    upload: Upload,
    options?: RestCallOptions,
  ): Promise<Attachment> {
    const op = 'POST Console/List/{idList}/Email/{idMessage}/Attachment/{slot}';
    return this.rest.call(
      op,
      () => {
        checkUpload(op, upload);
        if (!Number.isInteger(slot) || slot < 1 || slot > 5) throw invalid(op, 'slot must be 1 to 5', 'rest');
        const params = { ...this.lm(op, idList, idMessage), slot };
        return { params, body: { ...upload, Slot: slot, idList, idMessage } };
      },
      options,
    );
  }

  /** `DELETE Console/List/{idList}/Email/{idMessage}/Attachment/{slot}`. */
  async deleteAttachment(idList: number, idMessage: number, slot: number, options?: RestCallOptions): Promise<void> {
    const op = 'DELETE Console/List/{idList}/Email/{idMessage}/Attachment/{slot}';
    await this.rest.call(
      op,
      () => {
        if (!Number.isInteger(slot) || slot < 1 || slot > 5) throw invalid(op, 'slot must be 1 to 5', 'rest');
        return { params: { ...this.lm(op, idList, idMessage), slot } };
      },
      options,
    );
  }

  /** `GET Console/List/{idList}/Tags` (paged). */
  tags(idList: number, options: PageOptions = {}): Paged<Tag> {
    const op = 'GET Console/List/{idList}/Tags';
    return new Paged(this.rest, op, { idList: id(op, 'idList', idList) }, options);
  }

  /** `POST Console/List/{idList}/Tag` (the body is the name as a JSON string). */
  createTag(idList: number, name: string, options?: RestCallOptions): Promise<Tag> {
    const op = 'POST Console/List/{idList}/Tag';
    return this.rest.call(
      op,
      () => {
        text(op, 'name', name, 50);
        return { params: { idList: id(op, 'idList', idList) }, body: name };
      },
      options,
    );
  }

  /** `PUT Console/List/{idList}/Tag/{idTag}`. */
  updateTag(idList: number, idTag: number, tag: TagInput, options?: RestCallOptions): Promise<Tag> {
    const op = 'PUT Console/List/{idList}/Tag/{idTag}';
    return this.rest.call(
      op,
      () => {
        bodyObject(op, 'tag', tag);
        const params = { idList: id(op, 'idList', idList), idTag: id(op, 'idTag', idTag) };
        return { params, body: { Id: idTag, ...tag } };
      },
      options,
    );
  }

  /** `DELETE Console/List/{idList}/Tag/{idTag}`. */
  async deleteTag(idList: number, idTag: number, options?: RestCallOptions): Promise<void> {
    const op = 'DELETE Console/List/{idList}/Tag/{idTag}';
    await this.rest.call(
      op,
      () => ({ params: { idList: id(op, 'idList', idList), idTag: id(op, 'idTag', idTag) } }),
      options,
    );
  }

  /** `GET Console/Images` or, with a list, `GET Console/List/{idList}/Images`: image URLs. */
  images(idList?: number, options?: RestCallOptions): Promise<string[]> {
    if (idList === undefined) return this.rest.call('GET Console/Images', {}, options);
    const op = 'GET Console/List/{idList}/Images';
    return this.rest.call(op, () => ({ params: { idList: id(op, 'idList', idList) } }), options);
  }

  /** `POST Console/Images` or `POST Console/List/{idList}/Images`: the new image's URL. */
  uploadImage(upload: Upload, idList?: number, options?: RestCallOptions): Promise<string> {
    const op = idList === undefined ? 'POST Console/Images' : 'POST Console/List/{idList}/Images';
    return this.rest.call(
      op,
      () => {
        checkUpload(op, upload);
        const params: Record<string, number> = idList === undefined ? {} : { idList: id(op, 'idList', idList) };
        return { params, body: upload };
      },
      options,
    );
  }

  /** `DELETE Console/Images` (the body is the image path or URL as a JSON string). */
  async deleteImage(path: string, options?: RestCallOptions): Promise<void> {
    const op = 'DELETE Console/Images';
    await this.rest.call(op, () => ({ body: text(op, 'path', path, 2000) }), options);
  }

  /** `GET Console/List/{idList}/Templates` (paged). */
  templates(idList: number, options: PageOptions = {}): Paged<Template> {
    const op = 'GET Console/List/{idList}/Templates';
    return new Paged(this.rest, op, { idList: id(op, 'idList', idList) }, options);
  }

  /** `GET Console/List/{idList}/Templates/{idTemplate}`. */
  template(idList: number, idTemplate: number, options?: RestCallOptions): Promise<TemplateDetails> {
    const op = 'GET Console/List/{idList}/Templates/{idTemplate}';
    return this.rest.call(
      op,
      () => {
        const params = { idList: id(op, 'idList', idList), idTemplate: id(op, 'idTemplate', idTemplate) };
        return { params };
      },
      options,
    );
  }
}
