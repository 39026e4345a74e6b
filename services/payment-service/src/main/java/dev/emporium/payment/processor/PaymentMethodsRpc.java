package dev.emporium.payment.processor;

import dev.emporium.contracts.payments.v1.PaymentMethod;
import dev.emporium.contracts.payments.v1.PaymentMethodsGrpc;
import dev.emporium.contracts.payments.v1.TokenizeRequest;
import dev.emporium.platform.defaults.grpc.OnBehalfOf;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.stereotype.Service;

/**
 * Internal, gRPC ({@code emporium.payments.v1.PaymentMethods}, contracts/internal-rpc): order-service exchanges the
 * card number for a token here when the order is placed; payment-service passes the number on to the card processor
 * and keeps only the processor's payment-method id and the last four digits. The number is neither stored nor logged
 * (protobuf messages print their fields, so the request never reaches a log or an exception message). A number the
 * processor refuses is INVALID_ARGUMENT; a processor that cannot be reached is UNAVAILABLE (order-service's breaker
 * then refuses the order with nothing stored). Callers: a service token with scope {@code payments.tokenize}
 * (order-service's), and the customer's token beside it ({@link OnBehalfOf}).
 */
@Service
class PaymentMethodsRpc extends PaymentMethodsGrpc.PaymentMethodsImplBase {

    static final int MAX_LENGTH = 23;

    private final PaymentMethods methods;

    PaymentMethodsRpc(PaymentMethods methods) {
        this.methods = methods;
    }

    @Override
    public void tokenize(TokenizeRequest request, StreamObserver<PaymentMethod> reply) {
        if (OnBehalfOf.customer().isEmpty()) {
            // a card is tokenized for a customer's order: the caller's service token alone does not do
            reply.onError(Status.PERMISSION_DENIED.withDescription("A card is tokenized for a customer: the customer's "
                    + "token is required beside the caller's.").asRuntimeException());
            return;
        }
        String number = request.getCardNumber();
        PaymentMethods.CardToken token;
        try {
            token = number.isBlank() || number.length() > MAX_LENGTH ? null : methods.tokenize(number);
        } catch (CardProcessor.InvalidCardException refused) {
            token = null;
        }
        if (token == null) {
            // a fixed message: the number never reaches a status, a log or a trace
            reply.onError(Status.INVALID_ARGUMENT.withDescription("The card number is not valid.").asRuntimeException());
            return;
        }
        reply.onNext(PaymentMethod.newBuilder().setToken(token.token()).setLast4(token.last4()).build());
        reply.onCompleted();
    }

    @Configuration(proxyBeanMethods = false)
    static class Failures {

        /** The processor down is the dependency's outage, which the caller may try again later: UNAVAILABLE. */
        @Bean
        @Order(0) // before the catch-all that answers INTERNAL (service-defaults)
        GrpcExceptionHandler processorUnavailable() {
            return failure -> failure instanceof ProcessorUnavailableException
                    ? Status.UNAVAILABLE.withDescription("The card processor cannot be reached.").asException()
                    : null;
        }
    }
}
